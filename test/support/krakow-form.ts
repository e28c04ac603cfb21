/** The Kraków registration form (district, PESEL, mobile), as a resident fills it, in Polish. */
import type { Page } from 'playwright-core';

export async function fillKrakowRegistration(
  page: Page,
  v: { email: string; password: string; phone: string; pesel: string; lastName?: string },
): Promise<void> {
  await page.getByRole('heading', { name: 'Rejestracja' }).waitFor();
  await page.getByLabel('E-mail', { exact: true }).fill(v.email);
  await page.getByLabel('Hasło', { exact: true }).fill(v.password);
  await page.getByLabel('Powtórz hasło', { exact: true }).fill(v.password);
  await page.getByLabel('Imię', { exact: true }).fill('Janina');
  await page.getByLabel('Nazwisko', { exact: true }).fill(v.lastName ?? 'Krakowska');
  await page.getByLabel('Numer telefonu').fill(v.phone);
  await page.getByLabel('Dzielnica').selectOption({ label: 'XVIII Nowa Huta' });
  await page.getByLabel('PESEL').fill(v.pesel);
  await page.getByLabel('Akceptuję regulamin').check();
  await page.getByRole('button', { name: 'Zarejestruj się' }).first().click();
}
