import { ApiProperty } from '@nestjs/swagger';
import { ServerDto } from './server.dto';

export class SkippedDto {
  @ApiProperty() id!: string;
  @ApiProperty() reason!: string;
}

export class PlacementDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'env.API_KEY' }) field!: string;
  @ApiProperty({ example: 'credential API_KEY (encrypted credential store)' }) to!: string;
}

export class ImportResultDto {
  @ApiProperty({ type: [ServerDto] }) created!: ServerDto[];
  @ApiProperty({ type: [SkippedDto] }) skipped!: SkippedDto[];
  @ApiProperty({
    type: [PlacementDto],
    description: 'Where each secret-like value goes (never the value).',
  })
  placements!: PlacementDto[];
  @ApiProperty() dry_run!: boolean;
}
