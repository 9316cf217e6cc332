// Unit tests read every message, as the app does once a screen has loaded.
import { loadMessages } from './index';

await loadMessages();
