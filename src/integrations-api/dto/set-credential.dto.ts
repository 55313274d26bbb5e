import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class SetCredentialDto {
  @ApiProperty({
    description: 'The secret value; write-only, never returned.',
    format: 'password',
    writeOnly: true,
    maxLength: 65536,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  value!: string;
}
