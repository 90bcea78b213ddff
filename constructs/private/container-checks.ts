import { Token } from 'cdktf';
import { ContainerErrors } from '../container-errors';
import { isEmptyImage } from './image-reference';

/** Problems with environment variables: empty keys, keys with `=`; tokens pass. */
export function envProblems(env: Readonly<Record<string, string>> | undefined): string[] {
  const out: string[] = [];
  for (const key of Object.keys(env ?? {})) {
    if (Token.isUnresolved(key)) continue;
    if (key === '') out.push(ContainerErrors.envEmptyName());
    else if (key.includes('=')) out.push(ContainerErrors.envNameWithEquals(key));
  }
  return out;
}

/** The problem of an empty image, or undefined; the reference itself is checked by the one grammar (imageReferenceProblems). */
export function imageProblem(image: string): string | undefined {
  return isEmptyImage(image) ? ContainerErrors.emptyImage() : undefined;
}
