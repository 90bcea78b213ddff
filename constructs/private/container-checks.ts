import { Token } from 'cdktf';

/** Problems with environment variables: empty keys, keys with `=`; tokens pass. */
export function envProblems(env: Readonly<Record<string, string>> | undefined): string[] {
  const out: string[] = [];
  for (const key of Object.keys(env ?? {})) {
    if (Token.isUnresolved(key)) continue;
    if (key === '') out.push('environment variable "" has an empty name; Docker fails at apply: give it a name');
    else if (key.includes('=')) {
      out.push(`environment variable name ${JSON.stringify(key)} contains "=", so Docker would read it as ${key.split('=')[0]}=${key.slice(key.indexOf('=') + 1)}...; write the name without "=" and put the rest in the value`);
    }
  }
  return out;
}

/** A problem with an image name, or undefined; tokens pass. */
export function imageProblem(image: string): string | undefined {
  if (Token.isUnresolved(image)) return undefined;
  if (typeof image !== 'string' || image.trim() === '') return 'image is empty; name one, e.g. host.image("busybox:1.36")';
  if (/\s/.test(image)) return `image ${JSON.stringify(image)} contains whitespace; write a reference like registry/name:tag`;
  return undefined;
}
