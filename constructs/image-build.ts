import * as fs from 'fs';
import * as nodePath from 'path';
import { Image, ImageBuild } from '@cdktf/provider-docker/lib/image';
import type { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ContainerErrors } from './container-errors';
import { imageReferenceProblems } from './image';
import { withCheapCreationStacks } from './private/creation-stacks';
import { ProviderVersion } from './provider-version';
import { literalAttributes } from './private/terraform-literal';

/** How {@link DockerHost.buildImage} builds an image (`docker build`). */
export interface BuildImageOptions {
  /**
   * The build context: a directory on the machine that runs Terraform, sent to the engine as `docker build`
   * sends it. A relative path is taken from the directory synth runs in (your app's, where cdktf.json is) and
   * written absolute, since Terraform runs in cdktf.out.
   */
  readonly context: string;
  /** The Dockerfile, relative to the context (as `docker build -f` in the context). @default 'Dockerfile' in the context */
  readonly dockerfile?: string;
  /** `--build-arg` values. Visible in the plan and in the image's history: never pass secrets here. @default - none */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** The stage of a multi-stage Dockerfile to build (`--target`). @default - the last stage */
  readonly target?: string;
  /** Labels of the image (`--label`). @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Keep the image on the engine when the stack is destroyed (as `docker compose down` keeps built images).
   * @default true
   */
  readonly keepOnDestroy?: boolean;
}

/** The absolute context and Dockerfile paths of `options`, from the directory synth runs in. */
function buildPaths(options: BuildImageOptions): { context: string; dockerfile?: string } {
  const context = nodePath.resolve(options.context);
  return { context, dockerfile: options.dockerfile === undefined ? undefined : nodePath.resolve(context, options.dockerfile) };
}

/** What is wrong with the build's inputs, read on this machine at synth (tokens pass). */
function buildProblems(name: string, options: BuildImageOptions): string[] {
  const out = name.trim() === '' ? [ContainerErrors.emptyImageName()] : imageReferenceProblems(name);
  if (Token.isUnresolved(options.context) || (options.dockerfile !== undefined && Token.isUnresolved(options.dockerfile))) return out;
  if (typeof options.context !== 'string' || options.context.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(options.context)) {
    return [...out, ContainerErrors.badBuildContext(String(options.context), 'is not a local directory (the library builds from a directory on this machine)')];
  }
  const { context, dockerfile } = buildPaths(options);
  if (!fs.statSync(context, { throwIfNoEntry: false })?.isDirectory()) return [...out, ContainerErrors.badBuildContext(context, 'is not a directory')];
  const file = dockerfile ?? nodePath.join(context, 'Dockerfile');
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) out.push(ContainerErrors.noDockerfile(file, context));
  return out;
}

/**
 * Creates the docker_image that builds `name` from `options` on the engine of `provider` (the provider's `build`
 * block) and returns its image id. Nothing is pulled: no `pull_parent`, so a base image already on the engine is
 * used as it is (the build pulls a base image only when the engine lacks it). @internal
 */
export function createBuiltImage(scope: Construct, id: string, provider: DockerProvider, version: ProviderVersion, name: string, options: BuildImageOptions): string {
  const given = { ...options };
  scope.node.addValidation({ validate: () => buildProblems(name, given) });
  const { context, dockerfile } = buildPaths(options);
  const labels = options.labels && Object.keys(options.labels).length > 0 ? { ...options.labels } : undefined;
  const build: ImageBuild = {
    context,
    dockerfile,
    buildArgs: options.buildArgs && Object.keys(options.buildArgs).length > 0 ? { ...options.buildArgs } : undefined,
    target: options.target,
    // The builders read different attributes (ProviderVersion quirk image-build-labels).
    ...(version.imageBuildLabels === 'label' ? { label: labels } : { labels }),
  };
  return withCheapCreationStacks(
    () => literalAttributes(new Image(scope, id, { provider, name, keepLocally: options.keepOnDestroy ?? true, buildAttribute: build })).imageId,
  );
}
