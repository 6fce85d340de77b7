/**
 * Browser entry of the workbench: synthetic shadow first (as in an org), then
 * the shell component mounted into the page.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import Shell from 'wb/shell';

const host = document.getElementById('main');
if (host) {
    host.appendChild(createElement('wb-shell', { is: Shell }));
}
