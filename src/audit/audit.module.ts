import { Module } from '@nestjs/common';
import { CaseHistory } from './case-history.js';

@Module({ providers: [CaseHistory], exports: [CaseHistory] })
export class AuditModule {}
