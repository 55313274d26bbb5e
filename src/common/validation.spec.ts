import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ValidationFailedError } from './errors/catalogue';
import { NULL_PROBLEM, NullAllowed } from './null-fields';
import { createValidationPipe } from './validation';

class Inner {
  @IsOptional() @IsBoolean() on?: boolean;
}

class Outer {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @NullAllowed() @IsString() integration_id?: string | null;
  @IsOptional() @ValidateNested() @Type(() => Inner) inner?: Inner;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Inner) list?: Inner[];
}

const body: ArgumentMetadata = { type: 'body', metatype: Outer };

async function fieldsOf(value: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(value, body);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailedError);
    return (err as ValidationFailedError).details?.fields ?? (err as Error).message;
  }
  throw new Error('expected validation_failed');
}

describe('the validation pipe and null', () => {
  it('names every null field, nested ones by path', async () => {
    expect(await fieldsOf({ name: null, inner: { on: null }, list: [{}, { on: null }] })).toEqual([
      { field: 'name', problems: [NULL_PROBLEM] },
      { field: 'inner.on', problems: [NULL_PROBLEM] },
      { field: 'list[1].on', problems: [NULL_PROBLEM] },
    ]);
  });

  it('still lists the other bad fields of a body with a null', async () => {
    expect(await fieldsOf({ name: null, colour: 'red', inner: { on: 'yes' } })).toEqual([
      { field: 'name', problems: [NULL_PROBLEM] },
      { field: 'colour', problems: ['property colour should not exist'] },
      { field: 'inner.on', problems: ['on must be a boolean value'] },
    ]);
  });

  it('lets null through where the DTO says it means something', async () => {
    const out = await createValidationPipe().transform({ integration_id: null }, body);
    expect(out).toEqual(Object.assign(new Outer(), { integration_id: null }));
  });

  it('takes a missing body as {} and refuses one that is not an object', async () => {
    await expect(createValidationPipe().transform(undefined, body)).resolves.toBeInstanceOf(Outer);
    for (const value of [null, [], 1, 'x']) {
      expect(await fieldsOf(value)).toBe('The request body must be a JSON object.');
    }
  });

  it('reports an unknown null field as unknown, not as null', async () => {
    expect(await fieldsOf({ colour: null })).toEqual([
      { field: 'colour', problems: ['property colour should not exist'] },
    ]);
  });
});
