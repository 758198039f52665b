; Inno Setup 6 script: a per-user installer for the Windows bundle.
;
;   uv run pyinstaller --noconfirm packaging\availability.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\availability.iss
;
; It takes dist\availability\ (Availability.exe, availability-cli.exe, _internal\) and the
; icon the spec drew into build\availability\icons\, and writes
; dist\Availability-<version>-setup.exe. No administrator rights are needed: it installs
; under %LOCALAPPDATA%\Programs, as the HKCU Run key for "Start at login" expects.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
; Never change the AppId: upgrades and the uninstaller find the installation by it.
AppId={{2EDF7F20-68FD-43D9-ADC1-B916A47AF3A8}
AppName=Availability
AppVersion={#AppVersion}
AppVerName=Availability {#AppVersion}
AppPublisher=Availability
DefaultDirName={autopf}\Availability
DefaultGroupName=Availability
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=Availability-{#AppVersion}-setup
SetupIconFile={#Root}\build\availability\icons\availability.ico
UninstallDisplayIcon={app}\Availability.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Upgrades: the running app is asked to quit first (see PrepareToInstall below).
CloseApplications=no

[Tasks]
Name: "startatlogin"; Description: "Start Availability when I sign in"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's libraries as a whole: none of the old version's stays.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\availability\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Availability"; Filename: "{app}\Availability.exe"
Name: "{autodesktop}\Availability"; Filename: "{app}\Availability.exe"; Tasks: desktopicon

[Run]
; The same value the app's own "Start at login" writes (desktop/autostart.py).
Filename: "{app}\availability-cli.exe"; Parameters: "autostart on"; Flags: runhidden; Tasks: startatlogin
Filename: "{app}\Availability.exe"; Description: "Start Availability now"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Go offline and quit, then remove "Start at login" however it was turned on.
Filename: "{app}\availability-cli.exe"; Parameters: "quit"; Flags: runhidden; RunOnceId: "QuitApp"
Filename: "{app}\availability-cli.exe"; Parameters: "autostart off"; Flags: runhidden; RunOnceId: "AutostartOff"

[Code]
function PrepareToInstall(var NeedsRestart: Boolean): String;
var
  ResultCode: Integer;
begin
  { An upgrade: the running app goes offline and quits, so its files can be replaced. }
  if FileExists(ExpandConstant('{app}\availability-cli.exe')) then
    Exec(ExpandConstant('{app}\availability-cli.exe'), 'quit', '', SW_HIDE,
      ewWaitUntilTerminated, ResultCode);
  Result := '';
end;
