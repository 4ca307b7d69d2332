/**
 * SGD with momentum and Adam, with PyTorch's semantics (momentum buffer `v = mu v + g`,
 * `w -= lr v`; Adam with bias correction; weight decay added to the gradient, `g + wd w`, i.e.
 * an L2 penalty `(wd/2)||w||^2`, not AdamW).
 *
 * Written over tf ops instead of using tf.train.*: a checkpoint must restore the optimiser
 * exactly (tfjs's Adam rebuilds its bias-correction products with pow() on restore, which
 * differs in the last bits from the running product, so a resumed run would drift from an
 * uninterrupted one), weight decay differs between the feature layers and the last layer, and
 * the learning rate changes every epoch.
 */
import { tf } from './backend.ts';

import type { OptimizerKind } from './choices.ts';

export type { OptimizerKind };

export type OptimizerState = { steps: number; slots: Float32Array[] };

export type Optimizer = {
  /** One update of every variable with its gradient, learning rate and weight decay. */
  apply(grads: tf.Tensor[], lr: number, decays: number[]): void;
  state(): OptimizerState;
  load(state: OptimizerState): void;
  dispose(): void;
};

export function createOptimizer(kind: OptimizerKind, vars: tf.Variable[], momentum: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Optimizer {
  const perVar = kind === 'sgd' ? 1 : 2;
  // Slot j of variable i lives at slots[j * vars.length + i].
  let slots = Array.from({ length: perVar }, () => vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)))).flat();
  let steps = 0;
  const n = vars.length;
  return {
    apply(grads, lr, decays) {
      steps++;
      tf.tidy(() => {
        for (let i = 0; i < n; i++) {
          const w = vars[i];
          const g = decays[i] > 0 ? tf.add(grads[i], tf.mul(w, decays[i])) : grads[i];
          if (kind === 'sgd') {
            const v = slots[i];
            const nv = momentum > 0 ? tf.add(tf.mul(v, momentum), g) : g;
            if (momentum > 0) v.assign(nv);
            w.assign(tf.sub(w, tf.mul(nv, lr)));
          } else {
            const m = slots[i];
            const s = slots[n + i];
            const nm = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
            const ns = tf.add(tf.mul(s, beta2), tf.mul(tf.square(g), 1 - beta2));
            m.assign(nm);
            s.assign(ns);
            // Bias corrections in float64 on the host; only the final scalars enter float32.
            const c1 = 1 - beta1 ** steps;
            const c2 = 1 - beta2 ** steps;
            const update = tf.div(tf.div(nm, c1), tf.add(tf.sqrt(tf.div(ns, c2)), eps));
            w.assign(tf.sub(w, tf.mul(update, lr)));
          }
        }
      });
    },
    state() {
      return { steps, slots: slots.map((s) => (s.dataSync() as Float32Array).slice()) };
    },
    load(state) {
      if (state.slots.length !== slots.length) throw new Error(`optimizer state holds ${state.slots.length} buffers, ${kind} on this network needs ${slots.length}`);
      steps = state.steps;
      slots.forEach((s, j) => tf.tidy(() => s.assign(tf.tensor(state.slots[j], s.shape))));
    },
    dispose() {
      for (const s of slots) s.dispose();
      slots = [];
    },
  };
}
