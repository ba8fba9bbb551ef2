// The reference: a sync server built only from @automerge/automerge-repo, its WebSocket
// server adapter and nodefs storage, as automerge-repo's own sync-server example does.
// Usage: node ref-server.mjs DATA_DIR   (prints "listening on http://ADDR")
import { Repo } from "@automerge/automerge-repo";
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { WebSocketServer } from "ws";

const dir = process.argv[2] ?? "automerge-repo-data";
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
const repo = new Repo({
  network: [new NodeWSServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dir),
  peerId: `reference-server-${process.pid}`,
  sharePolicy: async () => false,
});
wss.on("listening", () => {
  const { port } = wss.address();
  console.log(`listening on http://127.0.0.1:${port}`);
});
const stop = async () => {
  wss.close();
  await repo.shutdown().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
