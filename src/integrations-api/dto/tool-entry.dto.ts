import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PinDto {
  @ApiProperty({ enum: ['pinned', 'changed', 'new'] }) state!: string;
  @ApiProperty({ description: 'sha256 over the canonical JSON of the definition shown now.' })
  fingerprint!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pinned_at!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The old name of a renamed tool.',
  })
  renamed_from?: string | null;
}

export class PinnedDefinitionDto {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: Object }) input_schema!: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object }) output_schema?: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object }) annotations?: Record<string, unknown>;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ type: String, format: 'date-time' }) pinned_at!: string;
}

export class DifferenceDto {
  @ApiProperty({ enum: ['name', 'description', 'input_schema', 'output_schema', 'annotations'] })
  field!: string;
  @ApiProperty({ description: 'The pinned value (null when absent).' }) before!: unknown;
  @ApiProperty({ description: 'The value the server shows now (null when absent).' })
  after!: unknown;
}

/** A server tool with its pin (GET .../tools, approve). */
export class ToolEntryDto {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: Object }) input_schema!: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object }) output_schema?: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object }) annotations?: Record<string, unknown>;
  @ApiProperty({ type: PinDto }) pin!: PinDto;
  @ApiPropertyOptional({
    type: PinnedDefinitionDto,
    description: 'The pinned definition (changed only).',
  })
  previous?: PinnedDefinitionDto;
  @ApiPropertyOptional({
    type: [DifferenceDto],
    description: 'What differs from the pin (changed only).',
  })
  difference?: DifferenceDto[];
}
