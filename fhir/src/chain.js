// What the facade reads from a Caduceus node: finalized state, block instants, and an index of
// break-glass session starts and stops built from the finalized blocks' events.
import { ApiPromise, WsProvider } from '@polkadot/api';

/** The node is unreachable or not ready: the facade answers 503. */
export class NodeUnavailable extends Error {}

const RESPONDER = 'EmergencyResponder';

/**
 * A connection to one node. Every read is at the finalized head the facade last saw, so a
 * response never shows state that a reorg could take back.
 */
export class Chain {
  constructor(url, { log = () => {}, from = 1 } = {}) {
    this.url = url;
    this.log = log;
    this.from = from;
    this.provider = new WsProvider(url, 2_500, {}, 10_000);
    this.api = new ApiPromise({ provider: this.provider, noInitWarn: true, throwOnConnect: false });
    this.finalized = null;
    this.instants = new Map();
    this.index = new BreakGlassIndex();
    this.indexedTo = null;
    this.coverageFrom = null;
    // The node may be down at start: follow it once it first becomes ready, however late.
    this.ready = new Promise((resolve) => {
      const start = () => resolve(this.#follow());
      this.api.isReadyOrError.then(start, () => this.api.once('ready', start));
    });
    this.api.on('error', (error) => log(`node: ${error.message ?? error}`));
  }

  /** The finalized head and the API at it; throws `NodeUnavailable` if the node cannot answer. */
  async head() {
    if (!this.provider.isConnected || !this.api.isConnected || !this.finalized) {
      throw new NodeUnavailable(`the node at ${this.url} is not reachable`);
    }
    return { ...this.finalized, at: await this.#call(() => this.api.at(this.finalized.hash)) };
  }

  /** ISO instant of block `number` from its timestamp inherent, or null if not yet finalized. */
  async instant(number) {
    if (this.instants.has(number)) return this.instants.get(number);
    if (!this.finalized || number > this.finalized.number) return null;
    // The block body, not its state: a pruned node keeps the bodies of finalized blocks.
    const hash = await this.#call(() => this.api.rpc.chain.getBlockHash(number));
    const { block } = await this.#call(() => this.api.rpc.chain.getBlock(hash));
    const set = block.extrinsics.find((x) => x.method.section === 'timestamp' && x.method.method === 'set');
    // Genesis has no inherent: its instant is the first block's minus one slot.
    const ms = set ? Number(set.method.args[0].toString()) : Date.parse(await this.instant(1)) - this.slotMs;
    const iso = new Date(ms).toISOString();
    this.instants.set(number, iso);
    return iso;
  }

  /** ISO instant of block `number`, estimated at one slot per block if it is in the future. */
  async instantOrEstimate(number) {
    const known = await this.instant(number);
    if (known) return known;
    const headInstant = await this.instant(this.finalized.number);
    return new Date(Date.parse(headInstant) + (number - this.finalized.number) * this.slotMs).toISOString();
  }

  async #call(f) {
    try {
      return await withTimeout(f(), 15_000);
    } catch (error) {
      if (!this.provider.isConnected) throw new NodeUnavailable(`the node at ${this.url} is not reachable`);
      throw error;
    }
  }

  async #follow() {
    this.genesisHash = this.api.genesisHash.toHex();
    this.slotMs = Number((await this.api.call.auraApi.slotDuration()).toString());
    this.decimals = this.api.registry.chainDecimals[0];
    let queue = Promise.resolve();
    await this.api.rpc.chain.subscribeFinalizedHeads((header) => {
      const number = header.number.toNumber();
      queue = queue.then(() => this.#indexTo(number, header.hash.toHex())).catch((error) => {
        this.log(`indexing to #${number} failed: ${error.message}`);
      });
    });
  }

  async #indexTo(number, hash) {
    if (this.indexedTo === null) {
      this.coverageFrom = await this.#firstWithState(Math.max(1, this.from), number);
      this.indexedTo = this.coverageFrom - 1;
      this.log(`indexing break-glass events from block #${this.coverageFrom}`);
    }
    for (let n = this.indexedTo + 1; n <= number; n++) {
      const blockHash = n === number ? hash : (await this.api.rpc.chain.getBlockHash(n)).toHex();
      const at = await this.api.at(blockHash);
      const events = await at.query.system.events();
      await this.index.apply(n, events.map(({ event }) => event), at);
      this.indexedTo = n;
      // Reads follow the index: a response never names a block the index has not seen.
      this.finalized = { number: n, hash: blockHash };
    }
    // Blocks before `--from` are not indexed, but their state is still served.
    if (!this.finalized || this.finalized.number < number) this.finalized = { number, hash };
  }

  /** The first block in [lo, hi] whose state the node still has (its events are state). */
  async #firstWithState(lo, hi) {
    const has = async (n) => {
      try {
        const at = await this.api.at(await this.api.rpc.chain.getBlockHash(n));
        await at.query.system.number();
        return true;
      } catch {
        return false;
      }
    };
    if (lo > hi || await has(lo)) return lo;
    let [bad, good] = [lo, hi];
    while (good - bad > 1) {
      const mid = Math.floor((bad + good) / 2);
      if (await has(mid)) good = mid; else bad = mid;
    }
    return good;
  }
}

/**
 * When each break-glass session started and stopped. The chain emits an event when a session
 * starts and when its responder closes it; it also stops granting access, without an event of
 * its own, when its window ends, when the patient reviews it while live, when the patient opts
 * out, and when the responder's credential or organization is suspended or removed. The index
 * applies these rules to each finalized block's events in order.
 */
export class BreakGlassIndex {
  constructor() {
    this.sessions = new Map();
  }

  #live() {
    return [...this.sessions.values()].filter((s) => !s.stop);
  }

  #stop(session, block, cause) {
    if (!session.stop) session.stop = { block, cause };
  }

  async apply(block, events, at) {
    // A window that ended at or before this block stopped at its end, before this block's calls.
    for (const s of this.#live()) if (s.expiresAt <= block) this.#stop(s, s.expiresAt, 'the access window ended');
    for (const event of events) {
      const { section, method, data } = event;
      if (section === 'emergencyAccess' && method === 'EmergencyAccessStarted') {
        const id = data.session.toNumber();
        const organization = await at.query.emergencyAccess.sessionOrganization(id);
        this.sessions.set(id, {
          id,
          patient: data.patient.toString(),
          responder: data.responder.toString(),
          reason: data.reason.type,
          start: block,
          expiresAt: data.expiresAt.toNumber(),
          organization: organization.isSome ? organization.unwrap().toNumber() : null,
          stop: null,
        });
      } else if (section === 'emergencyAccess' && method === 'EmergencyAccessClosed') {
        const s = this.sessions.get(data.session.toNumber());
        if (s) this.#stop(s, block, 'closed by the responder');
      } else if (section === 'emergencyAccess' && method === 'SessionReviewed') {
        // Only the patient or guardian may review a live session, and doing so ends it.
        const s = this.sessions.get(data.session.toNumber());
        if (s && !s.stop) this.#stop(s, block, 'ended by the patient\'s review');
      } else if (section === 'emergencyAccess' && method === 'PreferencesSet' && data.optedOut.isTrue) {
        const patient = data.patient.toString();
        for (const s of this.#live()) if (s.patient === patient) this.#stop(s, block, 'the patient opted out');
      } else if (section === 'credentials' && ['CredentialSuspended', 'CredentialRemoved', 'SanctionImposed'].includes(method)
        && data.role.type === RESPONDER) {
        const holder = data.holder.toString();
        for (const s of this.#live()) if (s.responder === holder) this.#stop(s, block, `the responder's credential: ${method}`);
      } else if (section === 'credentials' && ['OrganizationSuspended', 'OrganizationRevoked'].includes(method)) {
        const org = data.organization.toNumber();
        for (const s of this.#live()) if (s.organization === org) this.#stop(s, block, `the responder's organization: ${method}`);
      }
    }
  }

  /** Sessions of `patient`, oldest first. */
  ofPatient(patient) {
    return [...this.sessions.values()].filter((s) => s.patient === patient).sort((a, b) => a.id - b.id);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new NodeUnavailable(`the node did not answer within ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
