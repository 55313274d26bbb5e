import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequiresScope } from '../common/access/scopes';
import { IdPipe } from '../common/id.pipe';
import { API_KEY_ID_PATTERN } from './api-keys.schema';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyViewDto, CreatedApiKeyDto } from './dto/api-key-views.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const ApiKeyIdPipe = new IdPipe(API_KEY_ID_PATTERN, 'API key id');

@ApiTags('access')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @RequiresScope('admin')
  @ApiOperation({
    summary: 'Make a scoped API key; the answer is the only time the key is shown',
    description: 'Send it as "Authorization: Bearer <key>". At rest only its SHA-256 is kept.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiResponse({
    status: 400,
    description: 'validation_failed: unknown scope, null field, past expires_at, ...',
  })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(body);
  }

  @Get()
  @RequiresScope('admin')
  @ApiOperation({ summary: 'Every API key, without the keys, with their last use' })
  @ApiOkResponse({ type: [ApiKeyViewDto] })
  list(): ApiKeyViewDto[] {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('admin')
  @ApiOperation({ summary: 'Revoke a key: the next request with it is refused (401)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiResponse({ status: 404, description: 'api_key_not_found' })
  async revoke(@Param('id', ApiKeyIdPipe) id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
