import { describe, expect, it } from 'vitest';
import { ActionDispatch } from './engine.js';

describe('ActionDispatch', () => {
  const dispatch = new ActionDispatch([
    { actions: ['iam:CreateUser'], state: 'create-user' },
    { state: 'general' },
    { actions: ['ssm:*'], state: 'ssm' },
    { actions: ['*:ConsoleLogin'], state: 'login' },
  ]);

  it('gives the declared candidates and the undeclared detectors, in registry order', () => {
    expect(dispatch.candidates('iam', 'CreateUser')).toEqual(['create-user', 'general']);
    expect(dispatch.candidates('ssm', 'StartSession')).toEqual(['general', 'ssm']);
    expect(dispatch.candidates('signin', 'ConsoleLogin')).toEqual(['general', 'login']);
    expect(dispatch.candidates('s3', 'GetObject')).toEqual(['general']);
  });

  it('answers a repeated pair from its index', () => {
    expect(dispatch.candidates('iam', 'CreateUser')).toBe(dispatch.candidates('iam', 'CreateUser'));
  });
});
