import { App, TerraformStack } from 'cdktf';
import { AddressPlanStack } from './address-plan';
import { CustomBridgeStack } from './custom-bridge';
import { DefaultBridgeStack } from './default-bridge';
import { ExposureStack } from './exposure';
import { LinksStack } from './links';
import { MultiHostStack } from './multi-host';
import { OverlayStack } from './overlay';
import { TiersStack } from './tiers';
import { AppStack, AppSwarmStack } from './app';

/** Every example stack by name: its directory under cdktf.out/stacks/, and how to build it. */
export const EXAMPLE_STACKS: Readonly<Record<string, (app: App, name: string) => TerraformStack>> = {
  'default-bridge': (app, name) => new DefaultBridgeStack(app, name),
  'custom-bridge': (app, name) => new CustomBridgeStack(app, name),
  'address-plan': (app, name) => new AddressPlanStack(app, name),
  links: (app, name) => new LinksStack(app, name),
  tiers: (app, name) => new TiersStack(app, name),
  exposure: (app, name) => new ExposureStack(app, name),
  overlay: (app, name) => new OverlayStack(app, name), // needs `docker swarm init` on the engine first
  'multi-host': (app, name) => new MultiHostStack(app, name), // needs two engines in one swarm; see README
  app: (app, name) => new AppStack(app, name), // a store with a volume and a health check, an app waiting for it, a web front
  'app-swarm': (app, name) => new AppSwarmStack(app, name), // needs `docker swarm init` first and TF_VAR_app_api_token
};
