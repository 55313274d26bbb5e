import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';

/** POST /api/v1/execution/tasks/{task_id}/input: the answer to the server's question. */
export class TaskInputDto {
  @ApiProperty({ enum: ['accept', 'decline', 'cancel'] })
  @IsIn(['accept', 'decline', 'cancel'])
  action!: 'accept' | 'decline' | 'cancel';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'With accept: the answer, checked against input_request.requested_schema',
  })
  @IsOptional()
  @IsObject()
  content?: Record<string, unknown>;
}
