// Types of vite-plugin-pwa's virtual modules (virtual:pwa-register, virtual:pwa-info).
/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />
