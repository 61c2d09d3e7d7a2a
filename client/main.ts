import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createApi, API_KEY } from './composables/use-api';
import { takePageToken } from './composables/page-token';
import { readPageParams } from './composables/use-page-params';
import { applyFontFamilies } from './fonts';
import './fonts/faces.css';
import { createI18n, I18N_KEY } from './i18n';
import { opensOnMap } from './router';
import './styles/base.css';

const params = readPageParams(takePageToken());
const i18n = createI18n(params.lang);
document.documentElement.lang = i18n.locale;
applyFontFamilies(document.documentElement);
document.title = i18n.t('title');

const api = createApi(params.token ?? '');
// Both pages open on a map; the page's own chunk (with the map library) takes a second to load.
if (params.token && opensOnMap(location.pathname)) api.prefetchMapData();

createApp(App, { params }).use(createPinia()).provide(I18N_KEY, i18n).provide(API_KEY, api).mount('#app');
