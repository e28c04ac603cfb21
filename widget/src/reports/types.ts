/** Shapes of the reports API (API.md §4) as the widget reads them. */
import type { Lang } from '../core/i18n.js';

export interface Category {
  id: string;
  name: Partial<Record<Lang, string>>;
  department: string;
}

export interface HistoryEntry {
  status: string;
  comment?: string;
  department?: string;
  at?: string;
}

export interface Message {
  id: string;
  from: 'reporter' | 'staff';
  body: string;
  createdAt?: string;
}

export interface Report {
  id: string;
  categoryId: string;
  title?: string;
  description: string;
  location: { lat: number; lng: number; address?: string };
  status: string;
  supportCount: number;
  photoCount: number;
  photos: { url: string; width: number; height: number }[];
  createdAt?: string;
  updatedAt?: string;
  statusHistory?: HistoryEntry[];
  trackingCode?: string;
  messages?: Message[];
  distance?: number;
  viewer?: { reporter: boolean; staff: boolean; supported: boolean };
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  hasMore: boolean;
}

export interface MapSettings {
  tileUrl?: string;
  attribution?: string;
  center: { lat: number; lng: number };
  zoom: number;
}
