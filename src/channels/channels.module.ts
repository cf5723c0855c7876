import { Global, Module } from '@nestjs/common';
import { CHANNEL_DIRECTORY } from './channel-directory.js';
import { ChannelRegistry } from './channel-registry.js';

/** Global: every adapter declares its channel here, and the core and the dialogs look channels up here. */
@Global()
@Module({
  providers: [ChannelRegistry, { provide: CHANNEL_DIRECTORY, useExisting: ChannelRegistry }],
  exports: [ChannelRegistry, CHANNEL_DIRECTORY],
})
export class ChannelsModule {}
