import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createApi, API_KEY } from './composables/use-api';
import { readPageParams } from './composables/use-page-params';
import { createI18n, I18N_KEY } from './i18n';
import './styles/base.css';

const params = readPageParams();
const i18n = createI18n(params.lang);
document.documentElement.lang = i18n.locale;
document.title = i18n.t('title');

createApp(App, { params })
  .use(createPinia())
  .provide(I18N_KEY, i18n)
  .provide(API_KEY, createApi(params.token ?? ''))
  .mount('#app');
