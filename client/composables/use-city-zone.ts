import { readonly, ref, type Ref } from 'vue';
import { useApi } from './use-api';

/**
 * The city's time zone (`ONESCREEN_TZ`, from `/api/v1/me`), in which the page shows the time:
 * a wall or tablet whose machine keeps another zone still reads as the command centre's.
 * Null until the server has answered.
 */
export function useCityZone(): Readonly<Ref<string | null>> {
  const zone = ref<string | null>(null);
  useApi()
    .me()
    .then(
      (me) => (zone.value = me.timeZone),
      // The page says what is wrong where it needs the token's answer; the clock stays blank.
      () => undefined,
    );
  return readonly(zone);
}
