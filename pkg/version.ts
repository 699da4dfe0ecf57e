// The project's version, from package.json, its one place: `--version`, the chart's appVersion and the image's tag
// are checked against it (config/cli.test.ts; hack/image/build.sh tags the image with it).
import packageJson from '../package.json' with { type: 'json' };

export const version: string = packageJson.version;
