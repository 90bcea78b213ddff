import { App } from 'cdktf';
import {
  AddressPlanStack,
  CustomBridgeStack,
  DefaultBridgeStack,
  ExposureStack,
  LinksStack,
  MultiHostStack,
  OverlayStack,
  TiersStack,
} from './stacks';

/** Every example stack, one directory each under cdktf.out/stacks/. */
const app = new App();
new DefaultBridgeStack(app, 'default-bridge');
new CustomBridgeStack(app, 'custom-bridge');
new AddressPlanStack(app, 'address-plan');
new LinksStack(app, 'links');
new TiersStack(app, 'tiers');
new ExposureStack(app, 'exposure');
new OverlayStack(app, 'overlay'); // needs `docker swarm init` on the engine first
new MultiHostStack(app, 'multi-host'); // needs two engines in one swarm; see README
app.synth();
