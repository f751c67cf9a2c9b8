import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { startLocale } from './app/locale/start-locale';

// The language first: its translations must be loaded before anything renders.
startLocale(window)
  .then(() => bootstrapApplication(App, appConfig))
  .catch((error: unknown) => console.error(error));
