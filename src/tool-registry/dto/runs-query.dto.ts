import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { IdPipe } from '../../common/id.pipe';

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Query parameters of GET /api/v1/execution/runs; anything else is a 400. */
export class RunsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) tool?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) server_id?: string;
  @ApiPropertyOptional({ description: '`ok`, `tool_error` or an error code.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  outcome?: string;
  @ApiPropertyOptional({ description: '`http`, `task` or the in-process caller.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  caller?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Runs started at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Runs started at or before.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'A run_id: the page of runs after it.' })
  @IsOptional()
  @Matches(RUN_ID, { message: 'before must be a run_id' })
  before?: string;
}

export const RunIdPipe = new IdPipe(RUN_ID, 'run id');
