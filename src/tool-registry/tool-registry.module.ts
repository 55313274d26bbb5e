import { Module } from '@nestjs/common';

/** Placeholder until the tool registry issue lands. */
@Module({})
export class ToolRegistryModule {}
