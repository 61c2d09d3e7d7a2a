import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const server = process.env.ONESCREEN_DEV_TARGET ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'client',
  plugins: [vue()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
