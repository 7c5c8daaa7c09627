/** The path of the built snippet (sdk/dist/s.js). */
export const snippetPath: string;
/** Builds sdk/dist/s.js with esbuild; resolves to its path. */
export function buildSnippet(): Promise<string>;
