import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { SCOPES, Scope } from '../../common/access/scopes';
import { API_KEY_NAME_MAX, isTimestamp } from '../api-keys.schema';
import { SERVER_ID_PATTERN } from '../../common/ids';

@ValidatorConstraint({ name: 'isTimestamp' })
class IsTimestamp implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isTimestamp(value);
  }
  defaultMessage(): string {
    return 'expires_at must be an RFC 3339 date-time, e.g. 2027-01-31T00:00:00Z';
  }
}

// Optional fields use ValidateIf(!== undefined), not IsOptional: an explicit null is a 400.
export class CreateApiKeyDto {
  @ApiProperty({ description: 'A label for people: who or what holds the key.', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(API_KEY_NAME_MAX)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true, description: 'At least one scope.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'Toolset ids the "mcp" scope is limited to (then /mcp and /mcp/servers/* are 403).',
  })
  @ValidateIf((o: CreateApiKeyDto) => o.toolsets !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SERVER_ID_PATTERN, { each: true })
  toolsets?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working.' })
  @ValidateIf((o: CreateApiKeyDto) => o.expires_at !== undefined)
  @Validate(IsTimestamp)
  expires_at?: string;
}
