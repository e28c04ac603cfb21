import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { AccountsService } from '../accounts/index.js';
import { announcementModel } from './model.js';
import { announcementRoutes } from './routes.js';
import { AnnouncementsService } from './service.js';

export type { AnnouncementsService } from './service.js';

/** Builds the announcements domain and hooks it into account deletion (shared by the server and the CLI). */
export function createAnnouncements(conn: Connection, accounts: AccountsService): AnnouncementsService {
  const service = new AnnouncementsService(announcementModel(conn));
  accounts.hooks.onDelete.push((userId) => service.forgetAuthor(userId));
  return service;
}

/** Announcements ("Komunikaty"): anyone reads them, admins write them. */
export const announcementsPlugin: Plugin<{ service: AnnouncementsService }> = {
  name: 'civickit-announcements',
  dependencies: ['civickit-accounts'],
  register(server, { service }) {
    server.route(announcementRoutes(service));
  },
};
