import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, Scope } from '../../common/access/scopes';

export class ApiKeyViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiProperty({ type: [String] }) toolsets!: string[];
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expires_at!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Recorded in batches, a few seconds after use.',
  })
  last_used_at!: string | null;
  @ApiProperty() expired!: boolean;
}

export class CreatedApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiProperty({ type: [String] }) toolsets!: string[];
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expires_at!: string | null;
  @ApiProperty({ description: 'The key itself: shown this once, only its hash is kept.' })
  key!: string;
}
