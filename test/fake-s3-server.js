// A fake S3 endpoint on 127.0.0.1 for `terraform init` with the S3 backend (test/terraform-readback.ts): it answers
// every ListObjectsV2 with an empty bucket and every other read with NoSuchKey, accepts writes, and records nothing.
// Started as its own process (Terraform runs synchronously in the test process); prints its port, then serves until
// its parent closes stdin, and never longer than five minutes.
const http = require("node:http");

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.method === "GET" && /[?&]list-type=2/.test(req.url ?? "")) {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
          "<Name>bucket</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>",
      );
    } else if (req.method === "GET" || req.method === "HEAD") {
      res.writeHead(404, { "content-type": "application/xml" });
      res.end(req.method === "HEAD" ? undefined : '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>');
    } else {
      res.writeHead(200, { etag: '"0"' });
      res.end();
    }
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 5 * 60 * 1000).unref();
