// The app's entry module (package.json "main"): one import per capability.
import './health';
