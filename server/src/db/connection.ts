import mongoose, { type Connection } from 'mongoose';

/**
 * One connection per server instance (tests run several servers, each on its own database, in one process).
 * Commands are not buffered and server selection is short: with the database gone a request fails
 * within seconds (503) instead of hanging, and the driver reconnects by itself when it returns.
 */
export function createConnection(uri: string): Connection {
  return mongoose.createConnection(uri, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 20_000,
    maxPoolSize: 50,
  });
}

/** Errors that mean "the database cannot be reached right now" rather than a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const name = (err as { name?: string }).name ?? '';
  const message = (err as { message?: string }).message ?? '';
  return (
    /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoNetworkTimeoutError|MongoTopologyClosedError|MongooseServerSelectionError|MongoPoolClearedError/.test(
      name,
    ) || /buffering timed out|Client must be connected|connection .* closed|Topology is closed|ECONNREFUSED/.test(message)
  );
}
