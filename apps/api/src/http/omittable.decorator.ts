import { ValidateIf } from 'class-validator';

/**
 * The property may be left out, but `null` is validated like any other value (and so refused):
 * class-validator's IsOptional lets null through to NOT NULL columns.
 */
export const Omittable = () => ValidateIf((_object, value) => value !== undefined);
