// The rooms a signed-in person may enter (GET /api/me `rooms`): their own bodies first, then the
// public bodies they may follow, each a link to its room with its kind and their roles in words.

import { useI18n } from '../i18n/i18n';
import { groupRooms, roomDetails, type RoomEntry } from '../my_rooms';
import { linkHandler, useNavigate } from '../navigation';
import { roomPath } from '../routes';

export function MyRoomsList({ rooms }: { rooms: RoomEntry[] }) {
  const { t, language } = useI18n();
  const { mine, others } = groupRooms(rooms, language);
  if (rooms.length === 0) return <p data-testid="no-rooms">{t('landing.noRooms')}</p>;
  return (
    <>
      {mine.length > 0 && (
        <>
          <h2 id="my-rooms-title">{t('landing.mine')}</h2>
          <RoomLinks rooms={mine} labelledBy="my-rooms-title" testId="my-rooms" />
        </>
      )}
      {others.length > 0 && (
        <>
          <h2 id="public-rooms-title">{t('landing.others')}</h2>
          <p class="hint">{t('landing.othersHint')}</p>
          <RoomLinks rooms={others} labelledBy="public-rooms-title" testId="public-rooms" />
        </>
      )}
    </>
  );
}

function RoomLinks({ rooms, labelledBy, testId }: { rooms: RoomEntry[]; labelledBy: string; testId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <ul class="room-list room-list-detailed" aria-labelledby={labelledBy} data-testid={testId}>
      {rooms.map((entry) => {
        const details = roomDetails(entry, t);
        return (
          <li key={entry.room}>
            <a href={roomPath(entry.room)} onClick={linkHandler(navigate, roomPath(entry.room))}>
              {entry.name}
            </a>
            {details && <span class="room-details">{details}</span>}
          </li>
        );
      })}
    </ul>
  );
}
