import fp from 'fastify-plugin';
import { WallBook } from '../walls/wall-book';
import { readWallsFile } from '../walls/walls-file';

declare module 'fastify' {
  interface FastifyInstance {
    /** The centres' wall layouts (`ONESCREEN_WALLS_FILE`); the default layout for every scope without the file. */
    walls: WallBook;
  }
}

/** Reads and checks the walls file at start: a bad entry stops the server with a message naming it. */
export default fp(
  async (fastify) => {
    const { config, city } = fastify;
    const walls = config.wallsFile ? readWallsFile(config.wallsFile, (scope) => city.levelOf(scope) !== undefined) : new WallBook();
    if (config.wallsFile) fastify.log.info({ file: config.wallsFile }, 'walls file read');
    fastify.decorate('walls', walls);
  },
  { name: 'walls', dependencies: ['config', 'city'] },
);
