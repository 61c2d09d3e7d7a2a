import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { CategoryCatalogueSchema, MAJOR_CATEGORIES, MINOR_CATEGORIES, type CategoryCatalogue } from '../../contract';
import { READ_ERRORS } from '../schemas/read-queries';

const CATALOGUE: CategoryCatalogue = { majors: [...MAJOR_CATEGORIES], minors: [...MINOR_CATEGORIES] };

const categories: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/categories',
    {
      config: { auth: 'reference' },
      schema: {
        summary: 'The category catalogue: majors (GB/T 30428 top level) and minors with their time limits',
        response: { 200: CategoryCatalogueSchema, ...READ_ERRORS },
      },
    },
    async () => CATALOGUE,
  );
};

export default categories;
