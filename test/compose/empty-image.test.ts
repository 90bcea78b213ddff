import { loadCompose } from '../../constructs/compose';

// Issue 21: `image: ""` was accepted by the importer and failed only at apply.
describe('an empty image in a Compose file', () => {
  test('is refused with file:line:column, the service and the fix', () => {
    const r = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: ""\n', env: {} });
    expect(r.errors).toEqual([expect.stringMatching(/^<yaml>:4:5: services\.web\.image: service web has an empty image .*give the image name, e.g\. image: nginx:1\.27$/)]);
  });

  test('blank text is empty too; a real image is taken', () => {
    expect(loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: "  "\n', env: {} }).errors).toHaveLength(1);
    expect(loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: nginx\n', env: {} }).errors).toEqual([]);
  });
});
