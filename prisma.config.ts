import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this file; migrations run through prisma/scripts/ (wasm schema engine).
export default defineConfig({
  schema: 'prisma/schema.prisma',
});
