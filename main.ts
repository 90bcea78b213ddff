import { App } from 'cdktf';
import { AddressPlanStack, CustomBridgeStack, DefaultBridgeStack } from './stacks';

/** Every example stack, one directory each under cdktf.out/stacks/. */
const app = new App();
new DefaultBridgeStack(app, 'default-bridge');
new CustomBridgeStack(app, 'custom-bridge');
new AddressPlanStack(app, 'address-plan');
app.synth();
