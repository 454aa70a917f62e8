package dev.mode.core.gate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * A one-hidden-layer perceptron (ReLU) from a feature vector to one logit per expert, in plain float arrays, with
 * the Adam optimiser for its training. Inputs are standardised with means and scales learned from the training set
 * and stored with the weights, so a saved network needs nothing else to run.
 */
final class Mlp {
  final int in;
  final int hidden;
  final int out;
  final float[] mean;
  final float[] scale;
  final float[] w1; // hidden x in
  final float[] b1;
  final float[] w2; // out x hidden
  final float[] b2;

  Mlp(int in, int hidden, int out, Random random) {
    this(in, hidden, out, new float[in], ones(in), new float[hidden * in], new float[hidden], new float[out * hidden],
        new float[out]);
    double s1 = Math.sqrt(2.0 / in);
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) (random.nextGaussian() * s1);
    }
    double s2 = Math.sqrt(1.0 / hidden);
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (float) (random.nextGaussian() * s2);
    }
  }

  private Mlp(int in, int hidden, int out, float[] mean, float[] scale, float[] w1, float[] b1, float[] w2, float[] b2) {
    this.in = in;
    this.hidden = hidden;
    this.out = out;
    this.mean = mean;
    this.scale = scale;
    this.w1 = w1;
    this.b1 = b1;
    this.w2 = w2;
    this.b2 = b2;
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }

  /** Sets the input standardisation from a training set: per-feature mean and 1/std. */
  void standardise(float[][] xs) {
    for (int j = 0; j < in; j++) {
      double m = 0;
      for (float[] x : xs) {
        m += x[j];
      }
      m /= xs.length;
      double v = 0;
      for (float[] x : xs) {
        v += (x[j] - m) * (x[j] - m);
      }
      v /= xs.length;
      mean[j] = (float) m;
      scale[j] = (float) (1.0 / Math.sqrt(v + 1e-6));
    }
  }

  /** The logits for a raw feature vector; {@code h} receives the hidden activations when not null. */
  double[] forward(float[] x, float[] h) {
    float[] hid = h != null ? h : new float[hidden];
    for (int i = 0; i < hidden; i++) {
      double s = b1[i];
      int row = i * in;
      for (int j = 0; j < in; j++) {
        s += w1[row + j] * ((x[j] - mean[j]) * scale[j]);
      }
      hid[i] = (float) Math.max(0, s);
    }
    double[] logits = new double[out];
    for (int o = 0; o < out; o++) {
      double s = b2[o];
      int row = o * hidden;
      for (int i = 0; i < hidden; i++) {
        s += w2[row + i] * hid[i];
      }
      logits[o] = s;
    }
    return logits;
  }

  /** Gradient buffers matching the parameters. */
  final class Grads {
    final float[] gw1 = new float[w1.length];
    final float[] gb1 = new float[b1.length];
    final float[] gw2 = new float[w2.length];
    final float[] gb2 = new float[b2.length];

    void clear() {
      java.util.Arrays.fill(gw1, 0);
      java.util.Arrays.fill(gb1, 0);
      java.util.Arrays.fill(gw2, 0);
      java.util.Arrays.fill(gb2, 0);
    }

    /** Adds the gradient of one example given d(loss)/d(logits). */
    void accumulate(float[] x, float[] h, double[] dLogits) {
      float[] dh = new float[hidden];
      for (int o = 0; o < out; o++) {
        float g = (float) dLogits[o];
        gb2[o] += g;
        int row = o * hidden;
        for (int i = 0; i < hidden; i++) {
          gw2[row + i] += g * h[i];
          dh[i] += g * w2[row + i];
        }
      }
      for (int i = 0; i < hidden; i++) {
        if (h[i] <= 0) {
          continue;
        }
        float g = dh[i];
        gb1[i] += g;
        int row = i * in;
        for (int j = 0; j < in; j++) {
          gw1[row + j] += g * ((x[j] - mean[j]) * scale[j]);
        }
      }
    }
  }

  /** Adam state for this network's parameters. */
  final class Adam {
    private final double lr;
    private final double weightDecay;
    private final float[][] m;
    private final float[][] v;
    private int t;

    Adam(double lr, double weightDecay) {
      this.lr = lr;
      this.weightDecay = weightDecay;
      m = new float[][] {new float[w1.length], new float[b1.length], new float[w2.length], new float[b2.length]};
      v = new float[][] {new float[w1.length], new float[b1.length], new float[w2.length], new float[b2.length]};
    }

    void step(Grads g) {
      t++;
      float[][] params = {w1, b1, w2, b2};
      float[][] grads = {g.gw1, g.gb1, g.gw2, g.gb2};
      double c1 = 1 - Math.pow(0.9, t);
      double c2 = 1 - Math.pow(0.999, t);
      for (int p = 0; p < params.length; p++) {
        float[] w = params[p];
        float[] gr = grads[p];
        float[] mm = m[p];
        float[] vv = v[p];
        boolean decay = p == 0 || p == 2;
        for (int i = 0; i < w.length; i++) {
          double gi = gr[i] + (decay ? weightDecay * w[i] : 0);
          mm[i] = (float) (0.9 * mm[i] + 0.1 * gi);
          vv[i] = (float) (0.999 * vv[i] + 0.001 * gi * gi);
          w[i] -= (float) (lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + 1e-8));
        }
      }
    }
  }

  Mlp copy() {
    return new Mlp(in, hidden, out, mean.clone(), scale.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone());
  }

  void write(DataOutputStream o) throws IOException {
    o.writeInt(in);
    o.writeInt(hidden);
    o.writeInt(out);
    for (float[] a : new float[][] {mean, scale, w1, b1, w2, b2}) {
      for (float f : a) {
        o.writeFloat(f);
      }
    }
  }

  static Mlp read(DataInputStream i) throws IOException {
    int in = i.readInt();
    int hidden = i.readInt();
    int out = i.readInt();
    if (in < 1 || hidden < 1 || out < 1 || (long) in * hidden > 50_000_000L) {
      throw new IOException("implausible gate network shape " + in + "x" + hidden + "x" + out);
    }
    float[][] arrays = {new float[in], new float[in], new float[hidden * in], new float[hidden], new float[out * hidden],
        new float[out]};
    for (float[] a : arrays) {
      for (int k = 0; k < a.length; k++) {
        a[k] = i.readFloat();
      }
    }
    return new Mlp(in, hidden, out, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5]);
  }
}
