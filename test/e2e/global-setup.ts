// Once per e2e run: start one real Portico server (UI built if needed) with fresh demo data,
// hand its address to the test files, and stop it (and remove its data) afterwards.
import type { TestProject } from 'vitest/node';
import { startServer } from './support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    engine: 'pglite' | 'postgres';
  }
}

export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide('baseURL', server.baseURL);
  project.provide('engine', server.engine);
  return async () => {
    await server.stop();
  };
}
