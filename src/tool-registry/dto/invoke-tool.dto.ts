import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateIf } from 'class-validator';

/** POST /api/v1/execution/tools/{name}/invoke */
export class InvokeToolDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "The tool's arguments, checked against its input schema (422 when they fail). Default {}.",
  })
  // Absent means {}; null, arrays and scalars are refused (IsOptional would let null through).
  @ValidateIf((o: InvokeToolDto) => o.args !== undefined)
  @IsObject({ message: 'args must be an object' })
  args?: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3_600_000,
    description: "Shortens the call's time limit (the server's timeout_ms, default 60000).",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  timeout_ms?: number;
}
