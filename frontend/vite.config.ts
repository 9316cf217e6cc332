/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

// The PWA is served by the Go binary (frontend/dist is embedded) under a strict
// CSP: no inline scripts or styles, so the service worker is registered from
// main.tsx (injectRegister: false) and nothing is inlined into index.html.
export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon.png', 'icons/favicon-32.png'],
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html}'],
      },
      manifest: {
        id: '/',
        name: 'Closed Set',
        short_name: 'Closed Set',
        description: 'Scheduling and sign-off for your productions.',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        lang: 'en',
        theme_color: '#111317',
        background_color: '#111317',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Everything the first screen needs in one chunk (issue 14, PWA): on a
        // slow phone link each extra file costs a round trip. Screens loaded
        // on demand stay in their own chunks (shared/lazy.tsx).
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/i18n/test-setup.ts'],
    environment: 'node',
  },
});
