import { readFileSync } from 'node:fs';

interface PackageJson {
  version: string;
  homepage: string;
}

// Read once at start-up so the version in reports and the User-Agent can never drift from package.json.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;

export const TOOL_NAME = 'dislike404';
export const TOOL_VERSION: string = pkg.version;
export const TOOL_HOMEPAGE: string = pkg.homepage;
