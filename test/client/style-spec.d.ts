/** mapbox-gl's own style-spec bundle, which evaluates a layer's expressions as the map does (untyped in the package). */
declare module 'mapbox-gl/dist/style-spec/index.js' {
  interface Evaluated {
    toString(): string;
  }
  interface Parsed {
    result: 'success' | 'error';
    value: { evaluate(globals: { zoom: number }, feature: { id?: number; properties: Record<string, unknown> }, featureState: Record<string, unknown>): Evaluated } | { message: string }[];
  }
  const spec: {
    expression: { createExpression(expression: unknown, propertySpec: unknown): Parsed };
    latest: { paint_fill: Record<string, unknown> };
  };
  export default spec;
}
