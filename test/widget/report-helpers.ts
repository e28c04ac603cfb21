/** Browser-side helpers for the report element tests: real accounts, real reports on the real server. */
import { getSession } from '../../widget/src/core/session.js';
import { STRONG_PASSWORD, createUser, serverCommand, signOutLocally, uniqueEmail } from './helpers.js';

export const HERE = { lat: 50.3265, lng: 19.0297 };

/** A staff member (or admin) made with the CLI, signed in on this page's shared session. */
export async function signInAs(apiUrl: string, role: 'resident' | 'staff' | 'admin', department?: string): Promise<string> {
  signOutLocally(apiUrl);
  const email = uniqueEmail(role);
  if (role === 'resident') await createUser({ email });
  else await serverCommand('civic-reports-create-user', { email, password: STRONG_PASSWORD, role, department });
  await getSession(apiUrl).login(email, STRONG_PASSWORD);
  return email;
}

export interface Created {
  id: string;
  trackingCode: string;
}

/** POST /reports as the signed-in resident (or anonymously), exactly as any client would. */
export async function createReport(apiUrl: string, overrides: Record<string, unknown> = {}, signedIn = false): Promise<Created> {
  const body = {
    categoryId: 'pothole',
    description: 'Głęboka dziura w jezdni przy przejściu dla pieszych.',
    location: { ...HERE, address: 'ul. Jana Pawła II 10' },
    ...overrides,
  };
  const call = signedIn ? getSession(apiUrl).authed<Created>('POST', '/reports', body) : getSession(apiUrl).api.request<Created>('POST', '/reports', body);
  return call;
}

/** A small real PNG, drawn in the browser. */
export async function pngFile(name = 'dziura.png'): Promise<File> {
  const c = document.createElement('canvas');
  c.width = 64;
  c.height = 48;
  const g = c.getContext('2d')!;
  g.fillStyle = '#8a4b2a';
  g.fillRect(0, 0, 64, 48);
  g.fillStyle = '#222';
  g.beginPath();
  g.arc(32, 24, 12, 0, Math.PI * 2);
  g.fill();
  const blob = await new Promise<Blob>((res) => c.toBlob((b) => res(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

/** Puts files in a file input as a resident choosing them would. */
export function chooseFiles(input: HTMLInputElement, files: File[]): void {
  const dt = new DataTransfer();
  files.forEach((f) => dt.items.add(f));
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** A one-colour 256×256 PNG as a data: URL, used as a tile server that needs no network. */
export function tileDataUrl(): string {
  const c = document.createElement('canvas');
  c.width = c.height = 256;
  const g = c.getContext('2d')!;
  g.fillStyle = '#cfe3c4';
  g.fillRect(0, 0, 256, 256);
  return c.toDataURL('image/png');
}
