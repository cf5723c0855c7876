import { Global, Module } from '@nestjs/common';
import { CustomerDataRegistry } from './customer-data.js';

/** The registry alone, global so that adapters can register their tables without depending on the privacy routes. */
@Global()
@Module({ providers: [CustomerDataRegistry], exports: [CustomerDataRegistry] })
export class CustomerDataModule {}
