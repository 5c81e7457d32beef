// Runs nsfwjs (MobileNetV2) on the pure-JavaScript TensorFlow.js CPU backend over raw images and
// prints, as one JSON object, each image's five probabilities in nsfwjs's class-index order.
// Usage: node classify.cjs DIR   (DIR holds NAME.rgb files: H x W x 3 bytes, RGB, rows top down,
// with H and W in NAME.size as "H W")
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");
const nsfwjs = require("nsfwjs");

async function main() {
  const dir = process.argv[2];
  await tf.setBackend("cpu");
  await tf.ready();
  const model = await nsfwjs.load("MobileNetV2");
  const out = { backend: tf.getBackend(), tfjs: tf.version_core, images: {} };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".rgb")).sort()) {
    const name = file.slice(0, -4);
    const [h, w] = fs.readFileSync(path.join(dir, name + ".size"), "utf8").trim().split(/\s+/).map(Number);
    const bytes = fs.readFileSync(path.join(dir, file));
    const image = tf.tensor3d(Int32Array.from(bytes), [h, w, 3], "int32");
    const probabilities = model.infer(image);
    out.images[name] = Array.from(await probabilities.data());
    probabilities.dispose();
    image.dispose();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
