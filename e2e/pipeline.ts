/**
 * The reviewed-pipeline sequence on the real engine, with the commands the example pipelines run
 * (scripts/pipeline.sh): plan saved as an artifact, apply exactly that plan, a stale plan refused, drift
 * detected by `plan -detailed-exitcode` (exit 2), repaired by a new plan and apply, then destroy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LocalBackend } from 'cdktf';
import { CustomBridgeStack } from '../stacks';
import { run } from './harness';
import { begin, leftovers, namesOf, outcome, Sequence, SequenceContext, synthStack, tail, tfIn } from './sequence';

const PIPELINE = path.join(__dirname, '..', 'scripts', 'pipeline.sh');

export const PIPELINE_SEQUENCE: Sequence = {
  name: 'pipeline',
  run(ctx: SequenceContext) {
    const { checks, step } = begin('pipeline');
    const state = path.join(ctx.work, 'state', 'pipeline.tfstate');
    fs.mkdirSync(path.dirname(state), { recursive: true });
    const { dir, doc } = synthStack(ctx, path.join(ctx.work, 'pipeline', 'a'), (app, props) => {
      const stack = new CustomBridgeStack(app, 'pipeline', props);
      new LocalBackend(stack, { path: state });
      return stack;
    });
    // A second pipeline run of the same commit (e.g. another merge request), sharing the state.
    const other = path.join(ctx.work, 'pipeline', 'b');
    fs.cpSync(dir, other, { recursive: true });
    const containers = namesOf(doc, 'docker_container');
    const networks = namesOf(doc, 'docker_network');
    const env = { ...ctx.tfEnv, TERRAFORM_BINARY_NAME: ctx.terraform, TF_LOCK_TIMEOUT: '60s' };
    const pipeline = (stepName: string, d: string) => run(PIPELINE, [stepName, d], { env, timeoutMs: 600_000 });
    let applied = false;
    try {
      step('plan (saved as the artifact), twice: two pipelines of one commit');
      const planA = pipeline('plan', dir);
      checks.that('plan exits 2 (changes) and saves plan.tfplan, mode 0600 (it holds the sensitive variables)', () => ({
        ok: planA.code === 2 && fs.existsSync(path.join(dir, 'plan.tfplan')) && (fs.statSync(path.join(dir, 'plan.tfplan')).mode & 0o777) === 0o600,
        detail: tail(planA),
      }));
      const planB = pipeline('plan', other);
      checks.that('the second pipeline\'s plan exits 2 too', () => ({ ok: planB.code === 2, detail: tail(planB) }));

      step('apply exactly the saved plan');
      const applyA = pipeline('apply', dir);
      applied = true;
      checks.that('apply of the saved plan exits 0 and creates what the plan said', () => ({
        ok:
          applyA.code === 0 &&
          /Apply complete! Resources: \d+ added/.test(applyA.stdout) &&
          leftovers(ctx.engine, containers, networks).length === containers.length + networks.length &&
          !fs.existsSync(path.join(dir, 'plan.tfplan')), // removed after the apply
        detail: tail(applyA),
      }));
      const applyB = pipeline('apply', other);
      checks.that('the other pipeline\'s plan, now stale, is refused (exit 1, "Saved plan is stale")', () => ({
        ok: applyB.code === 1 && /Saved plan is stale/.test(applyB.stdout + applyB.stderr),
        detail: tail(applyB),
      }));

      step('drift detection');
      const clean = pipeline('drift', dir);
      checks.that('drift check right after apply exits 0 (no drift)', () => ({ ok: clean.code === 0, detail: tail(clean) }));
      const victim = containers[0];
      ctx.engine.docker(['rm', '-f', victim]);
      const drift = pipeline('drift', dir);
      checks.that(`after \`docker rm -f ${victim}\` outside Terraform, the drift check exits 2 and names it`, () => ({
        ok: drift.code === 2 && drift.stdout.includes('DRIFT') && drift.stdout.includes(victim),
        detail: tail(drift),
      }));

      step('repair: a new plan, applied');
      const replan = pipeline('plan', dir);
      const reapply = replan.code === 2 ? pipeline('apply', dir) : replan;
      const after = pipeline('drift', dir);
      checks.that('a new plan and its apply repair the drift (drift check exits 0 again)', () => ({
        ok: reapply.code === 0 && after.code === 0 && ctx.engine.inspectContainer(victim).State.Running === true,
        detail: `${tail(reapply)}\n${tail(after)}`,
      }));
    } catch (e) {
      checks.that('pipeline sequence', () => ({ ok: false, detail: (e as Error).message }));
    } finally {
      if (applied) {
        step('terraform destroy');
        const destroy = tfIn(ctx, dir, ['destroy', '-auto-approve']);
        checks.that('terraform destroy succeeds and leaves nothing', () => ({
          ok: destroy.code === 0 && leftovers(ctx.engine, containers, networks).length === 0,
          detail: tail(destroy),
        }));
      }
    }
    return outcome('pipeline', ctx, checks);
  },
};
