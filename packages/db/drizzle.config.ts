import { defineConfig } from 'drizzle-kit';

// Offline: `drizzle-kit generate` diffs the schema against drizzle/meta and needs no database.
export default defineConfig({ dialect: 'postgresql', schema: './src/schema/index.ts', out: './drizzle' });
